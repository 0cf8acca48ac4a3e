import CLibFuzzer

#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#endif

/// SwiftPM links every executable target with `main` aliased to the target's own entry point, so
/// libFuzzer's `main` never runs; each fuzzer's `@main` hands its arguments to libFuzzer here.
public enum LibFuzzer {
    public static func run(_ testOneInput: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> Never {
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
