#include "pipewright/host/hash_files.hpp"
#include "pipewright/engine/engine.hpp"
#include "pipewright/host/workspace.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

namespace pe = pipewright::expr;
using pipewright::value;

TEST(ExprSha256, MatchesKnownDigests) {
  pipewright::host::detail::sha256 h;
  h.update("abc");
  EXPECT_EQ(pipewright::host::detail::sha256::hex(h.finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  pipewright::host::detail::sha256 e;
  EXPECT_EQ(pipewright::host::detail::sha256::hex(e.finish()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ExprHashFiles, HashesTheDigestsOfMatchingFiles) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "pipewright_hash_files_test";
  fs::remove_all(root);
  fs::create_directories(root / "src" / "deep");
  auto write = [](const fs::path& p, const char* text) {
    std::FILE* f = std::fopen(p.string().c_str(), "wb");
    std::fputs(text, f);
    std::fclose(f);
  };
  write(root / "src" / "a.txt", "abc");
  write(root / "src" / "deep" / "b.txt", "");
  write(root / "src" / "c.md", "x");
  auto e = pe::compile("hashFiles('**/*.txt', '!**/deep/**')");
  ASSERT_TRUE(e.ok());
  pe::evaluation_options o;
  o.hash_files = pipewright::host::default_hash_files(root);
  auto r = e->evaluate(value(), o);
  ASSERT_TRUE(r.ok());
  // sha256 of the 32-byte sha256("abc").
  pipewright::host::detail::sha256 one;
  one.update("abc");
  const auto d = one.finish();
  pipewright::host::detail::sha256 total;
  total.update(d.data(), d.size());
  EXPECT_EQ(r->as_string(), pipewright::host::detail::sha256::hex(total.finish()));
  auto none = pe::compile("hashFiles('*.nothing')")->evaluate(value(), o);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->as_string(), "");
  fs::remove_all(root);
}

// GitHub's runner gives hashFiles() 120 s; the limit is an option of the default policy.
TEST(ExprHashFiles, StopsWithItsOwnErrorPastTheTimeLimit) {
  namespace fs = std::filesystem;
  EXPECT_EQ(pipewright::host::hash_files_timeout, std::chrono::seconds(120));
  EXPECT_EQ(pipewright::host::hash_files_options{}.timeout, std::chrono::seconds(120));
  const fs::path root = fs::temp_directory_path() / "pipewright_hash_files_timeout_test";
  fs::remove_all(root);
  fs::create_directories(root / "src");
  std::FILE* f = std::fopen((root / "src" / "a.txt").string().c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fputs("abc", f);
  std::fclose(f);
  auto e = pe::compile("hashFiles('**/*.txt')");
  ASSERT_TRUE(e.ok());
  pe::evaluation_options o;
  o.hash_files = pipewright::host::default_hash_files(root, {std::chrono::milliseconds(0)});
  auto r = e->evaluate(value(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.first_error()->code, "PW0220");
  EXPECT_NE(r.first_error()->message.find("couldn't finish within 0 seconds"), std::string::npos)
      << r.first_error()->message;
  o.hash_files = pipewright::host::default_hash_files(root);  // 120 s
  auto ok = e->evaluate(value(), o);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->as_string().size(), 64u);
  fs::remove_all(root);
}

TEST(HostWorkspace, ReadsLocalCallsAndCopiesUnderItsRootOnly) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "pipewright_workspace_test";
  fs::remove_all(root);
  fs::create_directories(root / ".github/workflows");
  {
    std::FILE* f = std::fopen((root / ".github/workflows/called.yml").string().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("on: workflow_call\n", f);
    std::fclose(f);
  }
  const pipewright::host::directory_workspace ws(root);
  EXPECT_EQ(ws.workflow_text("./.github/workflows/called.yml"), "on: workflow_call\n");
  EXPECT_FALSE(ws.workflow_text("./.github/workflows/missing.yml"));
  EXPECT_FALSE(ws.workflow_text("octo/repo/.github/workflows/called.yml@v1"));
  EXPECT_FALSE(ws.workflow_text("./../pipewright_workspace_test/.github/workflows/called.yml"));
  // A local copy of another repository's workflow: <root>/owner/repo/path, whatever the ref.
  fs::create_directories(root / "octo/repo/.github/workflows");
  fs::copy_file(root / ".github/workflows/called.yml",
                root / "octo/repo/.github/workflows/called.yml");
  EXPECT_EQ(ws.workflow_text("octo/repo/.github/workflows/called.yml@v1"), "on: workflow_call\n");
  EXPECT_FALSE(ws.workflow_text("octo/repo/.github/workflows/called.yml"));  // no ref: no call
  EXPECT_FALSE(ws.workflow_text("octo/../.github/workflows/called.yml@v1"));
  const std::string pattern = "**/called.yml";
  auto h = ws.hash_files(std::span<const std::string>(&pattern, 1), false);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->size(), 64U);  // a SHA-256 in hex
  static_assert(pipewright::engine::workspace<pipewright::host::directory_workspace>);
  fs::remove_all(root);
}
