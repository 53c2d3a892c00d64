public import Storage
import Domain
import Foundation

/// Runs the terminal interface on a store until the user quits.
public enum TerminalApp {
    public static func run(store: RailFleetStore, user: String, theme: Theme = .builtInDark) throws {
        let actor = try store.actor(for: user)
        var state = AppState()
        state.user = user
        state.role = actor.role
        state.device = store.identity?.name ?? ""
        state.database = (store.path as NSString).lastPathComponent
        let backend = try NcursesBackend(theme: theme)
        defer { backend.shutdown() }
        var size = backend.size
        var lastSeq = try store.lastSeq
        _ = Update.apply(.dataLoaded(try ScreenData.load(from: store)), to: &state, page: Render.page(height: size.height))
        while state.isRunning {
            backend.draw(Render.screen(state, width: size.width, height: size.height))
            switch backend.readKey(timeoutMs: 500) {
            case .key(let key)?:
                let effects = Update.apply(.keyPressed(key), to: &state, page: Render.page(height: size.height))
                for effect in effects {
                    if case .loadDetail(let id) = effect, let vehicle = state.fleet.rows.first(where: { $0.vehicleID == id }) {
                        _ = Update.apply(.detailLoaded(try VehicleDetail.load(vehicle, from: store)), to: &state, page: Render.page(height: size.height))
                        continue
                    }
                    if effect == .loadForecast {
                        _ = Update.apply(.forecastLoaded(try ForecastData.load(from: store)), to: &state, page: Render.page(height: size.height))
                        continue
                    }
                    guard case .execute(let command, let success) = effect else { continue }
                    let result: Result<String, CommandFailure>
                    do {
                        try store.execute(command, as: user)
                        result = .success(success)
                    } catch {
                        result = .failure(CommandFailure("\(error)"))
                    }
                    _ = Update.apply(.commandFinished(result), to: &state, page: Render.page(height: size.height))
                    lastSeq = try store.lastSeq
                    _ = Update.apply(.dataLoaded(try ScreenData.load(from: store)), to: &state, page: Render.page(height: size.height))
                }
            case .resize?:
                size = backend.size
                state.fleet.keepInView(page: Render.page(height: size.height))
            case nil:
                // Idle: pick up what another process (the CLI, a sync) wrote.
                let seq = try store.lastSeq
                if seq != lastSeq {
                    lastSeq = seq
                    try store.refresh()
                    _ = Update.apply(.dataLoaded(try ScreenData.load(from: store)), to: &state, page: Render.page(height: size.height))
                    if state.pane == .forecast {
                        _ = Update.apply(.forecastLoaded(try ForecastData.load(from: store)), to: &state, page: Render.page(height: size.height))
                    }
                }
            }
        }
    }
}
