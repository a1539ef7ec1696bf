/// Why the local Lambda could not run an invocation or an environment; each says what to do about it.
public enum LocalLambdaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No Runtime Interface Emulator executable where it was looked for.
    case emulatorNotFound(tried: [String])
    /// The function exists but cannot run here (e.g. no role).
    case functionUnusable(function: String, reason: String)
    /// Lambda does not know the function.
    case functionNotFound(function: String)
    /// The function is not `Active` (Pending, Inactive, Failed): Lambda refuses to invoke it.
    case functionNotActive(function: String, state: String)
    /// An execution environment did not come up (the emulator exited or never listened).
    case environmentStartFailed(reason: String)
    /// The function's role could not be assumed for an environment's credentials.
    case roleNotAssumable(role: String, reason: String)
    /// The service is stopping and takes no more invocations.
    case shuttingDown

    public var description: String {
        switch self {
        case .emulatorNotFound(let tried):
            return "AWS's Lambda Runtime Interface Emulator was not found (tried \(tried.joined(separator: ", "))): "
                + "run scripts/install-lambda-emulator.sh, or give --emulator PATH"
        case .functionUnusable(let function, let reason):
            return "function \(function) cannot run: \(reason)"
        case .functionNotFound(let function):
            return "function \(function) does not exist (infractl up creates it)"
        case .functionNotActive(let function, let state):
            return "function \(function) is \(state), not Active; Lambda invokes it once it is Active"
        case .environmentStartFailed(let reason):
            return "an execution environment did not start: \(reason)"
        case .roleNotAssumable(let role, let reason):
            return "the function's role \(role) could not be assumed: \(reason)"
        case .shuttingDown:
            return "the local Lambda is shutting down"
        }
    }

    /// The error type Lambda would report for this failure.
    var errorType: String {
        switch self {
        case .functionNotFound: "ResourceNotFoundException"
        case .functionNotActive: "ResourceConflictException"
        case .shuttingDown: "ServiceException"
        default: "Sandbox.Failure"
        }
    }
}
