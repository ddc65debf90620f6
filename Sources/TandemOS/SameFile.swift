import Glibc

/// True when two descriptors refer to the same open file or device (`2>&1`, one terminal): tandem
/// then writes both streams through one writer, so lines keep the order they were written in.
public func descriptorsShareFile(_ first: Int32, _ second: Int32) -> Bool {
    var a = stat()
    var b = stat()
    guard fstat(first, &a) == 0, fstat(second, &b) == 0 else { return false }
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_rdev == b.st_rdev
}
