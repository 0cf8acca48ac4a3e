#ifndef INTERFLOW_CLIBFUZZER_H
#define INTERFLOW_CLIBFUZZER_H

#include <stddef.h>
#include <stdint.h>

// libFuzzer's entry point for programs with a main of their own
// (https://llvm.org/docs/LibFuzzer.html#using-libfuzzer-as-a-library). Defined by the runtime that
// -sanitize=fuzzer links in; nothing to link here.
int LLVMFuzzerRunDriver(int *_Nonnull argc, char *_Nullable *_Nonnull *_Nonnull argv,
                        int (*_Nonnull testOneInput)(const uint8_t *_Nonnull data, size_t size));

#endif
