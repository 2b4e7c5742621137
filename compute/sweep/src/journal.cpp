// The sweep journal: a header naming the sweep, then "INDEX V1 V2 ..." per finished point, numbers written
// shortest-exact (std::to_chars) and read with std::from_chars, both independent of the process locale.
#include "jevons/sweep/runner.h"

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace jevons::sweep {

namespace {

std::string header(std::uint64_t id, std::size_t points, std::size_t outputs)
{
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(id));
    return "jevons-sweep-journal 1 " + std::string(hex) + " " + std::to_string(points) + " " +
           std::to_string(outputs) + "\n";
}

/// Parses one journal line (without its newline); false when it is not a whole, valid line.
bool parseLine(std::string_view line, std::size_t points, std::size_t outputs, std::size_t &index,
               std::vector<double> &values)
{
    const char *p = line.data(), *end = line.data() + line.size();
    auto [next, ec] = std::from_chars(p, end, index);
    if (ec != std::errc() || index >= points) {
        return false;
    }
    p = next;
    values.assign(outputs, 0.0);
    for (std::size_t o = 0; o < outputs; ++o) {
        if (p == end || *p != ' ') {
            return false;
        }
        ++p;
        auto [after, error] = std::from_chars(p, end, values[o]);
        if (error != std::errc()) {
            return false;
        }
        p = after;
    }
    return p == end;
}

[[noreturn]] void ioError(const std::string &path, const char *what)
{
    throw std::runtime_error(path + ": cannot " + what + " the journal: " + std::strerror(errno));
}

} // namespace

Journal::Journal(const std::string &path, std::uint64_t id, std::size_t points, std::size_t outputs,
                 bool resume)
    : m_path(path), m_done(points)
{
    const std::string expected = header(id, points, outputs);
    std::error_code ec;
    if (resume && std::filesystem::exists(path, ec)) {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            ioError(path, "read");
        }
        std::stringstream buffer;
        buffer << in.rdbuf();
        const std::string text = buffer.str();
        if (text.compare(0, expected.size(), expected) != 0) {
            throw SweepError(path +
                             ": the journal belongs to another sweep (scenario, paths, seed, outputs or "
                             "design differ); remove it, or run without --resume to start afresh");
        }
        std::size_t good = expected.size();
        std::size_t index = 0;
        std::vector<double> values;
        for (std::size_t pos = good; pos < text.size();) {
            const std::size_t newline = text.find('\n', pos);
            // A line without its newline was cut short by a kill: it and anything after it are dropped.
            if (newline == std::string::npos || !parseLine(std::string_view(text).substr(pos, newline - pos),
                                                           points, outputs, index, values)) {
                break;
            }
            m_done[index] = values;
            pos = good = newline + 1;
        }
        if (good < text.size()) {
            std::filesystem::resize_file(path, good, ec);
            if (ec) {
                throw std::runtime_error(
                    path + ": cannot cut the journal back to its last whole line: " + ec.message());
            }
        }
        m_file = std::fopen(path.c_str(), "ab");
        if (m_file == nullptr) {
            ioError(path, "append to");
        }
        return;
    }
    m_file = std::fopen(path.c_str(), "wb");
    if (m_file == nullptr || std::fputs(expected.c_str(), m_file) < 0 || std::fflush(m_file) != 0) {
        ioError(path, "write");
    }
}

Journal::~Journal()
{
    if (m_file != nullptr) {
        std::fclose(m_file);
    }
}

std::size_t Journal::doneCount() const
{
    std::size_t count = 0;
    for (const auto &d : m_done) {
        count += d.has_value();
    }
    return count;
}

void Journal::append(std::size_t index, const std::vector<double> &values)
{
    std::string line = std::to_string(index);
    for (double v : values) {
        line += ' ';
        line += formatExact(v);
    }
    line += "\n";
    // One write per line and a flush, so that a kill leaves whole lines and at most one cut short.
    if (std::fwrite(line.data(), 1, line.size(), m_file) != line.size() || std::fflush(m_file) != 0) {
        ioError(m_path, "append to");
    }
    m_done[index] = values;
}

void Journal::remove()
{
    if (m_file != nullptr) {
        std::fclose(m_file);
        m_file = nullptr;
    }
    std::remove(m_path.c_str());
}

void writeFileAtomically(const std::string &path, const std::string &data)
{
    const std::string temporary = path + ".tmp." + std::to_string(::getpid());
    std::FILE *f = std::fopen(temporary.c_str(), "wb");
    if (f == nullptr) {
        throw std::runtime_error("cannot write '" + path + "': " + std::strerror(errno));
    }
    const bool written = std::fwrite(data.data(), 1, data.size(), f) == data.size() && std::fflush(f) == 0 &&
                         ::fsync(fileno(f)) == 0;
    const int error = errno;
    std::fclose(f);
    // rename() replaces the old file in one step: a reader sees the old result or the new one, never half.
    if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
        const int why = written ? errno : error;
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot write '" + path + "': " + std::strerror(why));
    }
}

} // namespace jevons::sweep
