#if canImport(Glibc)
import Glibc
#endif

/// A shared library loaded at run time (`dlopen`), for optional capabilities tandem does not
/// link against (libssl for HTTPS probes), so tandem starts and runs where they are absent.
/// The library stays loaded for the life of the process (it is never `dlclose`d: its
/// functions may be called from any thread at any time).
public struct DynamicLibrary: @unchecked Sendable {
    // `@unchecked Sendable`: the handle is immutable and dlsym is thread-safe.
    private let handle: UnsafeMutableRawPointer

    /// Loads `name` (`libssl.so.3`) with immediate binding and local symbols.
    /// - Throws: `DynamicLibraryError` with `dlerror()`'s text when it cannot be loaded.
    public static func open(_ name: String) throws(DynamicLibraryError) -> DynamicLibrary {
        guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else {
            throw DynamicLibraryError(message: dlerror().map { String(cString: $0) } ?? "dlopen \(name) failed")
        }
        return DynamicLibrary(handle: handle)
    }

    /// The function `name`, as the C function type `type`; nil when the library lacks it.
    public func function<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let pointer = dlsym(handle, name) else { return nil }
        return unsafeBitCast(pointer, to: type)
    }
}

/// Why a library could not be loaded, in the dynamic linker's words.
public struct DynamicLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String

    public init(message: String) {
        self.message = message
    }

    public var description: String { message }
}
