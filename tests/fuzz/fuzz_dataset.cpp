// libFuzzer entry point for the dataset CSV reader: any bytes must either parse or throw DatasetError,
// with no crash, no undefined behaviour and no unbounded allocation (the sanitizers check the rest).
#include "jevons/dataset/dataset.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char *>(data), size);
    using namespace jevons::data;
    try {
        const Table t = parseAnyTopicCsv(bytes, "fuzz.csv", true);
        (void)toCsv(t);
    } catch (const DatasetError &) {
    }
    // Also each topic directly, so the header check does not stop every input at line 1.
    for (const TopicSchema &topic : topics()) {
        try {
            (void)parseTopicCsv(bytes, topic, "fuzz.csv");
        } catch (const DatasetError &) {
        }
    }
    (void)detectTopic(bytes);
    return 0;
}
