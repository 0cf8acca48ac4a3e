import Foundation

/// A new, empty, uniquely named folder under the system's temporary directory.
enum TemporaryDirectory {
    static func make(prefix: String) throws -> String {
        let template = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-XXXXXX").path
        var bytes = Array(template.utf8CString)
        guard let made = mkdtemp(&bytes) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: template])
        }
        return String(cString: made)
    }
}
