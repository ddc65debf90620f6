import Foundation
import TandemAPI
import TandemManifest

/// Turns `tandem lint`'s arguments into files: a directory stands for its `.yaml`, `.yml` and `.json`
/// files (recursively, sorted by path), `-` for standard input.
///
/// Deliberately small: a shared directory/stdin-aware manifest source is being built for every command;
/// when it lands, this is the one place to swap.
enum LintInputs {
    static let extensions: Set<String> = ["yaml", "yml", "json"]

    static func expand(_ arguments: [String]) throws(ManifestError) -> [String] {
        var files: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard argument != "-", FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory),
                  isDirectory.boolValue else {
                files.append(argument)
                continue
            }
            guard let enumerator = FileManager.default.enumerator(atPath: argument) else {
                throw ManifestError(file: argument, message: "directory not readable")
            }
            var found: [String] = []
            while let relative = enumerator.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                guard !name.hasPrefix("."), extensions.contains((name as NSString).pathExtension.lowercased()) else {
                    continue
                }
                let path = argument.hasSuffix("/") ? argument + relative : argument + "/" + relative
                var nestedDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &nestedDirectory), !nestedDirectory.boolValue {
                    found.append(path)
                }
            }
            files += found.sorted()
        }
        return files
    }

    static func read(_ file: String) throws(ManifestError) -> String {
        let data: Data
        if file == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            guard let contents = FileManager.default.contents(atPath: file) else {
                throw ManifestError(file: file, message: "no such file or not readable")
            }
            data = contents
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ManifestError(file: file == "-" ? "<stdin>" : file, message: "not UTF-8 text")
        }
        return text
    }
}
