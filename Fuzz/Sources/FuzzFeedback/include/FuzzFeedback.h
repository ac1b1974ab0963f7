// Coverage feedback from code that is not instrumented.
//
// libjpeg-turbo and libpng come from the system, without coverage instrumentation, so libFuzzer
// cannot see how far into them an input gets. What it can see are libFuzzer's "extra counters"
// (a section named __libfuzzer_extra_counters, Linux only): each byte is a feature like an edge
// of instrumented code. A target reports what the library said — which error message, which
// image shape — and inputs that make the library say something new are kept.

#ifndef FUZZFEEDBACK_H
#define FUZZFEEDBACK_H

#include <stddef.h>
#include <stdint.h>

/// Counts one occurrence of `feature` (any value; folded into the counters).
void FuzzFeedback_note(uint64_t feature);

/// Counts the FNV-1a hash of `length` bytes at `bytes` (an error message) under `kind`.
void FuzzFeedback_note_bytes(uint32_t kind, const void *bytes, size_t length);

#endif  // FUZZFEEDBACK_H
