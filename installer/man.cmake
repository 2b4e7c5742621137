# Generates the jevons(1) man page from the built program's own help, so the page never drifts from it.
#   cmake -DJEVONS=<jevons> -DOUT=<jevons.1.gz> -DWORK_DIR=<dir> -DVERSION=<x.y.z> -DDATE=<YYYY-MM-DD>
#         [-DHELP2MAN=<help2man>] -DGZIP=<gzip> -P man.cmake
# With help2man, `jevons --help` becomes the page's synopsis, description and options and the commands'
# own helps are added as a COMMANDS section; without it, the same text goes into a plain roff page.
# A command whose help fails (e.g. "not available in this build") is listed with its one-line summary.
cmake_minimum_required(VERSION 3.25)
foreach(var JEVONS OUT WORK_DIR VERSION DATE GZIP)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "man.cmake: -D${var}=... is required")
  endif()
endforeach()
set(summary "AI-compute market dashboard with a Monte Carlo engine")
set(commands simulate sensitivity export report backtest)

# Text -> roff: escape backslashes, hyphens (so options copy and paste), and a leading . or '.
function(roff_escape out text)
  string(REPLACE "\\" "\\e" text "${text}")
  string(REPLACE "-" "\\-" text "${text}")
  string(REGEX REPLACE "^([.'])" "\\\\&\\1" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# One line of `help` text per list element (empty lines kept as "").
function(split_lines out text)
  string(REPLACE ";" "\\;" text "${text}")
  string(REPLACE "\n" ";" lines "${text}")
  set(${out} "${lines}" PARENT_SCOPE)
endfunction()

function(run_help out_text out_ok)
  execute_process(COMMAND ${JEVONS} ${ARGN} OUTPUT_VARIABLE text ERROR_VARIABLE err RESULT_VARIABLE rc
    TIMEOUT 60)
  if(rc EQUAL 0 AND NOT text STREQUAL "")
    set(${out_ok} TRUE PARENT_SCOPE)
    set(${out_text} "${text}" PARENT_SCOPE)
  else()
    set(${out_ok} FALSE PARENT_SCOPE)
    string(STRIP "${err}" err)
    set(${out_text} "${err}" PARENT_SCOPE)
  endif()
endfunction()

# QCommandLineParser-style help -> roff: "  -x, --long <v>   text" and "  command   text" lines become tagged
# paragraphs, lines continuing an entry's text (deeper indent) join it, "Heading:" lines become bold and
# other consecutive lines one paragraph.
function(help_to_roff out text)
  split_lines(lines "${text}")
  set(roff "")
  set(mode none)  # none, para (inside a paragraph) or entry (inside a tagged paragraph)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "[ \t]+$" "" line "${line}")
    if(line STREQUAL "")
      set(mode none)
    elseif(line MATCHES "^  +([^ ]+( [^ ]+)*)  +([^ ].*)$")
      roff_escape(tag "${CMAKE_MATCH_1}")
      roff_escape(desc "${CMAKE_MATCH_3}")
      string(APPEND roff ".TP\n\\fB${tag}\\fR\n${desc}\n")
      set(mode entry)
    elseif(line MATCHES "^  +(-[^ ].*)$")
      roff_escape(tag "${CMAKE_MATCH_1}")
      string(APPEND roff ".TP\n\\fB${tag}\\fR\n")
      set(mode entry)
    elseif(line MATCHES "^Usage: (.*)$")
      roff_escape(usage "${CMAKE_MATCH_1}")
      string(APPEND roff ".PP\n\\fBUsage:\\fR ${usage}\n")
      set(mode none)
    elseif(line MATCHES "^([^ ].*):$")
      roff_escape(heading "${CMAKE_MATCH_1}")
      string(APPEND roff ".PP\n\\fB${heading}:\\fR\n")
      set(mode none)
    else()
      string(STRIP "${line}" line)
      roff_escape(para "${line}")
      if(mode STREQUAL "none")
        string(APPEND roff ".PP\n")
        set(mode para)
      endif()
      string(APPEND roff "${para}\n")
    endif()
  endforeach()
  set(${out} "${roff}" PARENT_SCOPE)
endfunction()

run_help(main_help main_ok --help)
if(NOT main_ok)
  message(FATAL_ERROR "man.cmake: '${JEVONS} --help' failed: ${main_help}")
endif()

# The one-line summary of each command, from the main help's "Commands" list.
split_lines(main_lines "${main_help}")
foreach(line IN LISTS main_lines)
  if(line MATCHES "^  ([a-z]+)  +([^ ].*)$")
    set(command_summary_${CMAKE_MATCH_1} "${CMAKE_MATCH_2}")
  endif()
endforeach()

set(commands_roff "")
foreach(command IN LISTS commands)
  run_help(help ok ${command} --help)
  string(APPEND commands_roff ".SS \"jevons ${command}\"\n")
  if(ok)
    string(REGEX REPLACE "^Usage:[^\n]*\n+" "" body "${help}")
    roff_escape(usage "jevons ${command} [options]")
    string(APPEND commands_roff ".B ${usage}\n")
    help_to_roff(body_roff "${body}")
    string(APPEND commands_roff "${body_roff}")
  else()
    if(DEFINED command_summary_${command})
      roff_escape(text "${command_summary_${command}}.")
      string(SUBSTRING "${text}" 0 1 first)
      string(TOUPPER "${first}" first)
      string(SUBSTRING "${text}" 1 -1 rest)
      string(APPEND commands_roff "${first}${rest}\n")
    endif()
    string(APPEND commands_roff ".PP\nNot available in this build.\n")
    message(STATUS "man.cmake: 'jevons ${command} --help' failed (${help}); listed as not available")
  endif()
endforeach()

set(files_roff ".TP\n.I ~/.config/Jevons/jevons.conf\nThe dashboard's window layout, run settings and last scenario.\n")
set(see_also_roff "The Jevons documentation in /usr/share/doc/jevons (or jevons\\-cuda).\n")

file(MAKE_DIRECTORY "${WORK_DIR}")
set(page "${WORK_DIR}/jevons.1")
string(REGEX MATCH "^[0-9]+-[0-9]+-[0-9]+$" date_ok "${DATE}")
if(NOT date_ok)
  message(FATAL_ERROR "man.cmake: DATE must be YYYY-MM-DD, got '${DATE}'")
endif()

if(HELP2MAN)
  file(WRITE "${WORK_DIR}/jevons.h2m"
    "[COMMANDS]\n${commands_roff}\n[FILES]\n${files_roff}\n[SEE ALSO]\n${see_also_roff}")
  # help2man takes the page date from SOURCE_DATE_EPOCH: the release date, so the page is reproducible.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env TZ=UTC date -u -d "${DATE} 00:00:00" +%s
    OUTPUT_VARIABLE epoch OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man.cmake: cannot convert ${DATE} to seconds")
  endif()
  execute_process(
    COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${epoch} LC_ALL=C.UTF-8
      ${HELP2MAN} --no-info --section=1 --name=${summary} --source=Jevons\ ${VERSION}
        --manual=User\ Commands --version-string=${VERSION} --include=${WORK_DIR}/jevons.h2m
        --output=${page} ${JEVONS}
    RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "man.cmake: help2man failed: ${err}")
  endif()
else()
  roff_escape(summary_roff "${summary}")
  string(REGEX REPLACE "^Usage: jevons [^\n]*\n+" "" body "${main_help}")
  help_to_roff(body_roff "${body}")
  file(WRITE "${page}"
    ".TH JEVONS 1 \"${DATE}\" \"Jevons ${VERSION}\" \"User Commands\"\n"
    ".SH NAME\njevons \\- ${summary_roff}\n"
    ".SH SYNOPSIS\n.B jevons\n[\\fICOMMAND\\fR] [\\fIOPTIONS\\fR]\n"
    ".SH DESCRIPTION\n${body_roff}"
    ".SH COMMANDS\n${commands_roff}"
    ".SH FILES\n${files_roff}"
    ".SH \"SEE ALSO\"\n${see_also_roff}")
endif()

# gzip -9n: best compression, and no name or time stamp in the header (reproducible; lintian checks it).
execute_process(COMMAND ${GZIP} -9nc "${page}" OUTPUT_FILE "${OUT}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "man.cmake: gzip failed")
endif()
