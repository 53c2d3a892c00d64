public import Storage
import Foundation
import Domain

/// Runs the terminal interface on a store until the user quits.
public enum TerminalApp {
    public static func run(store: RailFleetStore, user: String) throws {
        let actor = try store.actor(for: user)
        var state = AppState()
        state.user = user
        state.role = actor.role.rawValue
        state.device = store.identity?.name ?? ""
        state.database = (store.path as NSString).lastPathComponent
        let backend = try NcursesBackend()
        defer { backend.shutdown() }
        var size = backend.size
        Update.apply(.fleetLoaded(try store.fleet()), to: &state, visibleRows: Render.visibleRows(height: size.height))
        var lastCount = try store.eventCount
        while state.isRunning {
            backend.draw(Render.screen(state, width: size.width, height: size.height))
            switch backend.readKey(timeoutMs: 500) {
            case .key(let key)?:
                Update.apply(.keyPressed(key), to: &state, visibleRows: Render.visibleRows(height: size.height))
            case .resize?:
                size = backend.size
                Update.apply(.resized, to: &state, visibleRows: Render.visibleRows(height: size.height))
            case nil:
                // Idle: pick up what another process (the CLI, a sync) wrote.
                let count = try store.eventCount
                if count != lastCount {
                    lastCount = count
                    try store.refresh()
                    Update.apply(.fleetLoaded(try store.fleet()), to: &state, visibleRows: Render.visibleRows(height: size.height))
                }
            }
        }
    }
}
