#include "sandbox/output_filter.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sg::sandbox {
namespace {

// Feeds `input` split at the given chunk sizes (cycled) and returns all
// output including the final flush.
std::string Feed(SecretSet* secrets, const std::string& input,
                 const std::vector<size_t>& chunks, bool idle_flush = false) {
  OutputFilter f(secrets);
  std::string out;
  size_t pos = 0, i = 0;
  while (pos < input.size()) {
    size_t n = std::min(chunks[i++ % chunks.size()], input.size() - pos);
    out += f.Write(std::string_view(input).substr(pos, n));
    if (idle_flush) out += f.Flush();
    pos += n;
  }
  return out + f.Finish();
}

std::string Once(SecretSet* s, const std::string& in) {
  return Feed(s, in, {in.size() + 1});
}

TEST(OutputFilterTest, PlainTextPassesUnchanged) {
  SecretSet s;
  std::string in = "hello world\nsecond line\r\nno newline at end";
  EXPECT_EQ(Once(&s, in), in);
}

TEST(OutputFilterTest, NeutralisesWorkflowCommandsAtLineStart) {
  SecretSet s;
  EXPECT_EQ(Once(&s, "::set-output name=x::y\n"),
            "[stepguard] ::set-output name=x::y\n");
  EXPECT_EQ(Once(&s, "  \t::stop-commands::tok\n"),
            "  \t[stepguard] ::stop-commands::tok\n");
  EXPECT_EQ(Once(&s, "::warning::w"), "[stepguard] ::warning::w");
}

// The runner skips everything .NET's String.TrimStart() removes before it
// looks for "::", including \v, \f and Unicode spaces (as UTF-8).
TEST(OutputFilterTest, NeutralisesCommandsAfterAnyRunnerWhitespace) {
  SecretSet s;
  EXPECT_EQ(Once(&s, "\v::set-env name=A::b\n"),
            "\v[stepguard] ::set-env name=A::b\n");
  EXPECT_EQ(Once(&s, "\f \xc2\xa0\xe3\x80\x80::stop-commands::t\n"),
            "\f \xc2\xa0\xe3\x80\x80[stepguard] ::stop-commands::t\n");
  EXPECT_EQ(
      Once(&s,
           "\xe2\x80\xa8::add-mask::wide-space-secret\nwide-space-secret\n"),
      "\xe2\x80\xa8[stepguard] ::add-mask::***\n***\n");
  // A space split across reads and an idle flush in between.
  OutputFilter f(&s);
  std::string out = f.Write("\xe2\x80");
  out += f.Flush();
  out += f.Write("\x83::warning::w\n");
  EXPECT_EQ(out, "\xe2\x80\x83[stepguard] ::warning::w\n");
  // Not spaces for .NET: U+200B (zero width), 0x1c, and an invalid sequence.
  EXPECT_EQ(Once(&s, "\xe2\x80\x8b::x\n\x1c::x\n\xc2::x\n"),
            "\xe2\x80\x8b::x\n\x1c::x\n\xc2::x\n");
}

TEST(OutputFilterTest, LeavesDoubleColonsInsideLinesAlone) {
  SecretSet s;
  EXPECT_EQ(Once(&s, "std::vector<int> a; x ::y\n"),
            "std::vector<int> a; x ::y\n");
}

TEST(OutputFilterTest, CarriageReturnStartsANewLine) {
  // The runner's line reader splits on \r too.
  SecretSet s;
  EXPECT_EQ(Once(&s, "progress 50%\r::set-env name=A::b\n"),
            "progress 50%\r[stepguard] ::set-env name=A::b\n");
}

TEST(OutputFilterTest, BreaksLegacyCommandsAnywhere) {
  SecretSet s;
  OutputFilter f(&s);
  std::string out = f.Write("text ##[set-env name=A;]b\n") + f.Finish();
  EXPECT_EQ(out, "text # #[set-env name=A;]b\n");
  EXPECT_EQ(f.commands_neutralised(), 1u);
}

TEST(OutputFilterTest, RedactsKnownSecrets) {
  SecretSet s;
  ASSERT_TRUE(s.Add("hunter2-secret"));
  OutputFilter f(&s);
  std::string out =
      f.Write("pw=hunter2-secret and again hunter2-secret\n") + f.Finish();
  EXPECT_EQ(out, "pw=*** and again ***\n");
  EXPECT_EQ(f.redactions(), 2u);
}

TEST(OutputFilterTest, PrefersTheLongestSecret) {
  SecretSet s;
  s.Add("abcd");
  s.Add("abcdefgh");
  EXPECT_EQ(Once(&s, "xabcdefghx abcdx\n"), "x***x ***x\n");
}

TEST(OutputFilterTest, ShortValuesAreNotSecrets) {
  SecretSet s;
  EXPECT_FALSE(s.Add("abc"));
  EXPECT_TRUE(s.empty());
}

TEST(OutputFilterTest, MultiLineSecretsAreMaskedLineByLine) {
  SecretSet s;
  s.Add("-----BEGIN KEY-----\nAAAABBBBCCCC\n-----END KEY-----\n");
  EXPECT_EQ(Once(&s, "-----BEGIN KEY-----\nAAAABBBBCCCC\n"), "***\n***\n");
}

TEST(OutputFilterTest, AddMaskValueIsLearnedAndRedacted) {
  SecretSet s;
  OutputFilter out(&s);
  OutputFilter err(&s);  // shared set: stderr learns from stdout
  std::string o =
      out.Write("::add-mask::my-masked-value\nuse my-masked-value\n");
  std::string e = err.Write("stderr my-masked-value\n");
  EXPECT_EQ(o, "[stepguard] ::add-mask::***\nuse ***\n");
  EXPECT_EQ(e, "stderr ***\n");
}

TEST(OutputFilterTest, SecretSplitAcrossEveryReadBoundary) {
  SecretSet s;
  s.Add("split-me-secret");
  std::string in =
      "before split-me-secret after\n::set-output name=a::b\nend "
      "split-me-secret";
  std::string want =
      "before *** after\n[stepguard] ::set-output name=a::b\nend ***";
  for (size_t chunk = 1; chunk <= in.size(); ++chunk) {
    EXPECT_EQ(Feed(&s, in, {chunk}), want) << "chunk " << chunk;
    EXPECT_EQ(Feed(&s, in, {chunk}, /*idle_flush=*/true), want)
        << "idle chunk " << chunk;
  }
}

TEST(OutputFilterTest, RandomSplitsMatchOneShot) {
  SecretSet s;
  s.Add("tok_1234567890");
  s.Add("another-secret-value");
  std::string in;
  std::mt19937 rng(42);
  const char* pieces[] = {"tok_1234567890",
                          "another-secret-value",
                          "::x::y",
                          "\n",
                          "\r",
                          " ",
                          "##[",
                          "::",
                          "plain text ",
                          "tok_123",
                          "another",
                          ":",
                          "#"};
  for (int i = 0; i < 2000; ++i) in += pieces[rng() % 13];
  std::string want = Once(&s, in);
  for (int trial = 0; trial < 50; ++trial) {
    std::vector<size_t> chunks;
    for (int i = 0; i < 20; ++i) chunks.push_back(1 + rng() % 40);
    // EXPECT_TRUE: a diff of two 20 KB strings is unreadable anyway.
    EXPECT_TRUE(Feed(&s, in, chunks, trial % 2 == 0) == want)
        << "trial " << trial;
  }
  EXPECT_EQ(want.find("tok_1234567890"), std::string::npos);
  EXPECT_EQ(want.find("another-secret-value"), std::string::npos);
}

TEST(OutputFilterTest, IdleFlushHoldsOnlyAPossibleSecretPrefix) {
  SecretSet s;
  s.Add("prefix-secret");
  OutputFilter f(&s);
  EXPECT_EQ(f.Write("value: prefix-sec"), "");  // the line is incomplete
  EXPECT_EQ(f.Flush(), "value: ");              // only the prefix is held
  EXPECT_EQ(f.Write("ret!\n"), "***!\n");
}

TEST(OutputFilterTest, IdleFlushEmitsPromptWithoutNewline) {
  SecretSet s;
  OutputFilter f(&s);
  EXPECT_EQ(f.Write("Password: "), "");
  EXPECT_EQ(f.Flush(), "Password: ");
}

TEST(OutputFilterTest, LineStartDecisionWaitsForMoreThanBlanksOrOneColon) {
  SecretSet s;
  OutputFilter f(&s);
  std::string out = f.Write("   ");
  out += f.Flush();
  out += f.Write(":");
  out += f.Flush();
  out += f.Write(":add-mask::late-secret-value\nlate-secret-value\n");
  EXPECT_EQ(out, "   [stepguard] ::add-mask::***\n***\n");
}

TEST(OutputFilterTest, VeryLongLineIsEmittedInPiecesAndStillRedacted) {
  SecretSet s;
  s.Add("needle-secret");
  OutputFilter f(&s);
  std::string big(OutputFilter::kMaxHold * 3, 'a');
  big.insert(OutputFilter::kMaxHold - 5, "needle-secret");  // straddles a cut
  std::string out;
  for (size_t i = 0; i < big.size(); i += 4096)
    out += f.Write(big.substr(i, 4096));
  // Something was emitted before the end of the line: nothing is held forever.
  EXPECT_GT(out.size(), 0u);
  out += f.Finish();
  EXPECT_EQ(out.find("needle-secret"), std::string::npos);
  EXPECT_NE(out.find("***"), std::string::npos);
  EXPECT_EQ(out.size(), big.size() - std::string("needle-secret").size() + 3);
}

TEST(OutputFilterTest, LongCommandLineIsStillNeutralised) {
  SecretSet s;
  std::string line =
      "::set-output name=x::" + std::string(OutputFilter::kMaxHold * 2, 'z');
  OutputFilter f(&s);
  std::string out;
  for (size_t i = 0; i < line.size(); i += 1000)
    out += f.Write(line.substr(i, 1000));
  out += f.Write("\n") + f.Finish();
  EXPECT_EQ(out.rfind("[stepguard] ::set-output", 0), 0u);
}

TEST(OutputFilterTest, BinaryDataPassesByteForByte) {
  SecretSet s;
  s.Add("bin-secret");
  std::string in;
  for (int i = 0; i < 4096; ++i) in += static_cast<char>(i * 7 % 256);
  std::string out = Feed(&s, in, {3, 17, 255});
  EXPECT_EQ(out, Once(&s, in));
  std::string with_nul = std::string("a\0b\0bin-secret\0\xff\xfe", 17);
  EXPECT_EQ(Feed(&s, with_nul, {1}), std::string("a\0b\0***\0\xff\xfe", 10));
}

}  // namespace
}  // namespace sg::sandbox
