import ArgumentParser
import ImageInput

/// `--input`: the folder of images a command reads, listed by `ImageFolder`'s one rule.
public struct ImageFolderOptions: ParsableArguments {
    @Option(help: "Folder of .jpg/.jpeg/.png images (its subfolders are ignored).")
    public var input: String

    public init() {}

    /// The folder's images with their bytes, in `ImageFolder` order. An unusable folder (missing, empty, unreadable)
    /// ends the command as a `CommandFailure` line: `<command>: <what is wrong>`.
    public func load(for command: String) throws(ExitCode) -> [ImageFile] {
        do { return try ImageFolder.load(from: input) } catch { throw CommandFailure.report(command, error) }
    }
}
