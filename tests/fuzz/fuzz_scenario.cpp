// libFuzzer target: the scenario JSON loader must turn any bytes into a Scenario or a ScenarioError,
// never crash, hang, leak or read out of bounds; and whatever it accepts must survive a round trip.
#include "jevons/engine/scenario.h"

#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    try {
        const jevons::Scenario scenario = jevons::parseScenario(text, "fuzz");
        // Accepted input: writing it out and reading it back must give the same scenario.
        const jevons::Scenario again = jevons::parseScenario(jevons::scenarioToJson(scenario), "round trip");
        if (!(again == scenario)) {
            std::abort();
        }
        (void)jevons::describeDifferences(scenario);
    } catch (const jevons::ScenarioError &) {
        // Rejected with a message: the expected outcome for most inputs.
    }
    return 0;
}
