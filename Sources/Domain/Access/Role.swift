/// What a user is at this railway; the role matrix decides what each may do.
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin, dispatcher, planner, technician, storekeeper, auditor
}
