import Testing
@testable import TandemOS

extension TandemOSTests {
    @Suite struct DynamicLibraryTests {
        typealias Strlen = @convention(c) (UnsafePointer<CChar>?) -> Int

        @Test func loadsALibraryAndItsFunctions() throws {
            let libc = try DynamicLibrary.open("libc.so.6")
            let strlen = try #require(libc.function("strlen", as: Strlen.self))
            #expect("tandem".withCString { strlen($0) } == 6)
            #expect(libc.function("no_such_function_in_libc", as: Strlen.self) == nil)
        }

        @Test func aMissingLibraryIsAnErrorInTheLinkersWords() {
            #expect(throws: DynamicLibraryError(message: "libtandem-absent.so.9: cannot open shared object file: No such file or directory")) {
                try DynamicLibrary.open("libtandem-absent.so.9")
            }
        }
    }
}
