// Positions in the text of an artefact: UTF-8 validation and byte/character offsets to
// 1-based row and column. Columns count UTF-8 characters (code points), as editors and OPA do;
// a tab is one character; a line ends at '\n' ("\r\n" therefore also works).
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace assay {

struct TextPosition {
  int row = 1;
  int col = 1;
};

// Offset of the first byte that is not part of well-formed UTF-8 (overlong forms, surrogates
// and code points above U+10FFFF included) or that is NUL; std::string_view::npos when none.
size_t find_invalid_utf8(std::string_view text);

// Row and column of the character that starts at `byte_offset`. An offset at or past the end
// gives the position just after the last character.
TextPosition position_of_byte(std::string_view text, size_t byte_offset);

// Byte offset of the character with 0-based index `char_index`; text.size() past the end.
size_t byte_offset_of_char(std::string_view text, size_t char_index);

}  // namespace assay
