import ArgumentParser
import Domain
import Foundation
import Storage

extension RailFleet.HubGroup {
    struct Token: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API tokens for systems that call the hub's API (a timetable planner, a BI tool).",
            discussion: """
                A token speaks for one user of the fleet, with that user's role at each request. It is kept on the \
                hub's database only, as a hash: the secret is printed once, when it is made. Whoever may write the \
                hub's database file issues and revokes them.
                """,
            subcommands: [Create.self, Revoke.self, List.self])

        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Issue a token for --user; its secret is printed once.")
            @OptionGroup var options: GlobalOptions
            @Option(help: "The last day it is valid (UTC, YYYY-MM-DD); default: until revoked.") var expires: String?

            func validate() throws { if let expires { _ = try Parse.day(expires, "--expires") } }

            func run() throws {
                let user = try options.userName
                let store = try options.openStore()
                let expiresMs = try expires.map { Int64(try Parse.day($0, "--expires") + 1) * 86_400_000 }
                let (id, secret) = try store.createToken(for: user, expiresMs: expiresMs)
                if options.json { return options.printJSON(["id": id, "user": user, "token": secret]) }
                say("Token \(id) for \(user)\(expires.map { ", valid to the end of \($0)" } ?? ""): it is shown once")
                say(verbatim: secret)
            }
        }

        struct Revoke: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token: it is refused from then on.")
            @OptionGroup var options: GlobalOptions
            @Argument(help: "The token's id (as `hub token list` shows it).") var id: String

            func run() throws {
                try options.openStore().revokeToken(id)
                say("Revoked token \(id)")
            }
        }

        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(abstract: "The tokens issued, never their secrets.")
            @OptionGroup var options: GlobalOptions

            func run() throws {
                let tokens = try options.openStore(.readOnly).tokens()
                if options.json { return options.printJSON(tokens) }
                var table = Table("ID", "USER", "CREATED", "EXPIRES", "REVOKED")
                for t in tokens {
                    table.add(
                        t.id, t.user, UTC.format(ms: t.createdMs), t.expiresMs.map { UTC.format(ms: $0) } ?? "-",
                        t.revokedMs.map { UTC.format(ms: $0) } ?? "-")
                }
                say(table)
            }
        }
    }
}
