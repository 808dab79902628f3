#include "src/core/text_position.h"

#include <catch2/catch.hpp>
#include <string>

using assay::byte_offset_of_char;
using assay::find_invalid_utf8;
using assay::position_of_byte;

TEST_CASE("positions count rows from newlines and columns in characters") {
  const std::string text = "ab\nçé x\n";
  CHECK(position_of_byte(text, 0).row == 1);
  CHECK(position_of_byte(text, 0).col == 1);
  CHECK(position_of_byte(text, 3).row == 2);  // 'ç'
  CHECK(position_of_byte(text, 3).col == 1);
  const size_t x = text.find('x');
  CHECK(position_of_byte(text, x).row == 2);
  CHECK(position_of_byte(text, x).col == 4);  // ç é space x: 'x' is the 4th character
}

TEST_CASE("an offset past the end points just after the last character") {
  const std::string text = "SELECT\nFROM";
  const auto end = position_of_byte(text, 1000);
  CHECK(end.row == 2);
  CHECK(end.col == 5);
}

TEST_CASE("CRLF line endings give the same rows") {
  const std::string text = "a\r\nbc";
  CHECK(position_of_byte(text, text.find('c')).row == 2);
  CHECK(position_of_byte(text, text.find('c')).col == 2);
}

TEST_CASE("character indexes map to byte offsets across multibyte characters") {
  const std::string text = "é€😀z";
  CHECK(byte_offset_of_char(text, 0) == 0);
  CHECK(byte_offset_of_char(text, 1) == 2);
  CHECK(byte_offset_of_char(text, 2) == 5);
  CHECK(byte_offset_of_char(text, 3) == 9);
  CHECK(byte_offset_of_char(text, 4) == text.size());
  CHECK(byte_offset_of_char(text, 99) == text.size());
}

TEST_CASE("well-formed UTF-8 is accepted") {
  CHECK(find_invalid_utf8("") == std::string::npos);
  CHECK(find_invalid_utf8("plain ascii") == std::string::npos);
  CHECK(find_invalid_utf8("é€😀\xF4\x8F\xBF\xBF") == std::string::npos);
}

TEST_CASE("malformed UTF-8 is found at its first bad byte") {
  CHECK(find_invalid_utf8("ab\xFF") == 2);                // never valid
  CHECK(find_invalid_utf8("a\xC3") == 1);                 // truncated sequence
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);              // overlong '/'
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0);          // overlong, 3 bytes
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1);         // UTF-16 surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);      // above U+10FFFF
  CHECK(find_invalid_utf8("caf\xE9 latin-1") == 3);       // Latin-1 é
  CHECK(find_invalid_utf8(std::string("a\0b", 3)) == 1);  // NUL
}
