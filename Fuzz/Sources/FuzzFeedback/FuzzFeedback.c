// See include/FuzzFeedback.h.

#include "FuzzFeedback.h"

#define FUZZFEEDBACK_COUNTERS 4096

// libFuzzer resets these before each input and reads them after it, as it does its own counters.
__attribute__((section("__libfuzzer_extra_counters"), used)) static uint8_t counters[FUZZFEEDBACK_COUNTERS];

void FuzzFeedback_note(uint64_t feature) {
    // A 64-bit mix so that nearby values (widths, message hashes) spread over the counters.
    feature ^= feature >> 33;
    feature *= 0xFF51AFD7ED558CCDull;
    feature ^= feature >> 33;
    uint8_t *counter = &counters[feature % FUZZFEEDBACK_COUNTERS];
    if (*counter != 0xFF) {
        (*counter)++;
    }
}

void FuzzFeedback_note_bytes(uint32_t kind, const void *bytes, size_t length) {
    uint64_t hash = 0xCBF29CE484222325ull ^ kind;
    const uint8_t *p = bytes;
    for (size_t i = 0; i < length; i++) {
        hash = (hash ^ p[i]) * 0x100000001B3ull;
    }
    FuzzFeedback_note(hash);
}
