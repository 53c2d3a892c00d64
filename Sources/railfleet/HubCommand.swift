import ArgumentParser
import Domain
import Foundation
import Hub
import Storage

extension RailFleet {
    struct HubGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "hub", abstract: "Run the fleet's sync hub, and issue its API tokens.",
            subcommands: [Serve.self, Migrate.self, Token.self])

        struct Serve: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Serve sync over HTTP from a member replica until SIGTERM or SIGINT.",
                discussion: """
                    The hub's database is a replica like any terminal's: make it with \
                    `railfleet init --device hub --join --db FILE`, have an admin enrol its request, \
                    and import that enrolment with `railfleet sync import`. Every request is signed \
                    by an enrolled device. With --tls-cert and --tls-key it serves HTTPS on any \
                    address; plain HTTP is served on loopback only, unless --insecure-listen is \
                    given (behind a TLS proxy).
                    """)
            @OptionGroup var options: GlobalOptions
            @Option(help: "HOST:PORT to listen on (port 0 picks a free one).") var listen = "127.0.0.1:8470"
            @Flag(help: "Allow plain HTTP on an address other than loopback.") var insecureListen = false
            @Option(help: ArgumentHelp("The certificate chain to serve HTTPS with (PEM).", valueName: "file"))
            var tlsCert: String?
            @Option(help: ArgumentHelp("The certificate's private key (PEM).", valueName: "file")) var tlsKey: String?
            @Option(help: "API requests a second each token may send on average (twice that at once).")
            var apiRate = 50
            @Option(help: "Seconds an API request may take before it is answered 503 (training included).")
            var apiTimeout = 60
            @Option(
                help: ArgumentHelp(
                    "Keep the log in PostgreSQL, shared with other hubs (after `hub migrate`).",
                    valueName: "postgres://USER@HOST:PORT/DB"))
            var store: String?

            func validate() throws {
                guard (1...100_000).contains(apiRate) else { throw ValidationError("--api-rate must lie in 1…100000") }
                guard (1...3_600).contains(apiTimeout) else {
                    throw ValidationError("--api-timeout must lie in 1…3600 seconds")
                }
                if let store { try HubStore.validate(url: store) }
            }

            func run() throws {
                guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                    (0...65_535).contains(port)
                else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:8470") }
                let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
                guard (tlsCert == nil) == (tlsKey == nil) else {
                    throw ValidationError("--tls-cert and --tls-key go together")
                }
                let tls = tlsCert.flatMap { cert in tlsKey.map { (certificate: cert, key: $0) } }
                guard HubServer.isLoopback(host) || insecureListen || tls != nil else {
                    throw ValidationError(
                        "\(host) is not loopback: plain HTTP there would expose the fleet's events; give --tls-cert and --tls-key, or --insecure-listen behind a TLS proxy, or listen on 127.0.0.1"
                    )
                }
                let settings = HubServer.Settings(
                    database: options.databasePath, host: host, port: port, tls: tls, apiRate: apiRate,
                    apiTimeout: .seconds(apiTimeout), store: store)
                let outcome = Outcome()
                let done = DispatchSemaphore(value: 0)
                Task {
                    do {
                        try await HubServer.run(settings) { port in
                            say(
                                "Hub listening on \(tls == nil ? "http" : "https")://\(host):\(port) (database \(settings.database))"
                            )
                            fflush(nil)
                        }
                    } catch { outcome.error = error }
                    done.signal()
                }
                done.wait()
                if let error = outcome.error { throw error }
            }
        }
    }
}

extension RailFleet.HubGroup {
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create or upgrade a hub's PostgreSQL schema, and send it the replica's events.",
            discussion: """
                Applies the numbered migrations the database lacks (each in a transaction; two hubs \
                migrating at once take turns) and records the replica's fleet. It then sends the \
                database every event the replica holds beyond it: a SQLite hub moves to PostgreSQL so, \
                and a replica holding events the shared log lost gives them back. Run it before \
                `hub serve --store` and after each upgrade of RailFleet.
                """)
        @OptionGroup var options: GlobalOptions
        @Option(help: ArgumentHelp("The PostgreSQL database.", valueName: "postgres://USER@HOST:PORT/DB"))
        var store: String

        func validate() throws { try HubStore.validate(url: store) }

        func run() throws {
            let report = try HubStore.migrate(url: store, replica: options.databasePath)
            if options.json { return options.printJSON(report) }
            for step in report.applied { say("applied migration \(step.version): \(step.summary)") }
            say("schema at version \(report.version); \(report.sent) events sent from \(options.databasePath)")
        }
    }
}

/// What the server task hands back to the waiting command.
private final class Outcome: @unchecked Sendable {
    var error: (any Error)?
}
