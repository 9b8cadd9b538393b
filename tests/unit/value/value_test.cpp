#include "pipewright/value/value.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <utility>

using pipewright::kind;
using pipewright::object;
using pipewright::value;

TEST(Value, DefaultIsNull) {
  value v;
  EXPECT_TRUE(v.is_null());
  EXPECT_EQ(v.type(), kind::null);
  EXPECT_EQ(value(nullptr).type(), kind::null);
}

TEST(Value, ScalarsKeepTheirKind) {
  EXPECT_EQ(value(true).type(), kind::boolean);
  EXPECT_EQ(value(1.5).type(), kind::number);
  EXPECT_EQ(value(42).type(), kind::number);
  EXPECT_EQ(value(42).as_number(), 42.0);
  EXPECT_EQ(value("x").type(), kind::string);
  EXPECT_EQ(value(std::string("abc")).as_string(), "abc");
  EXPECT_EQ(value(std::string_view("sv")).as_string(), "sv");
  EXPECT_TRUE(value(false).is_primitive());
  EXPECT_FALSE(value::make_array().is_primitive());
}

TEST(Value, KindNamesMatchTheJsonLinesContract) {
  EXPECT_EQ(pipewright::kind_name(kind::null), "null");
  EXPECT_EQ(pipewright::kind_name(kind::boolean), "boolean");
  EXPECT_EQ(pipewright::kind_name(kind::number), "number");
  EXPECT_EQ(pipewright::kind_name(kind::string), "string");
  EXPECT_EQ(pipewright::kind_name(kind::array), "array");
  EXPECT_EQ(pipewright::kind_name(kind::object), "object");
}

TEST(Value, CopiesShareArraysAndObjects) {
  value a = value::make_array({1, 2});
  value b = a;
  EXPECT_TRUE(a.same_instance(b));
  b.as_array().push_back(3);
  EXPECT_EQ(a.as_array().size(), 3u);
}

TEST(Value, EqualLookingArraysAreDifferentInstances) {
  value a = value::make_array({1});
  value b = value::make_array({1});
  EXPECT_FALSE(a.same_instance(b));
  EXPECT_TRUE(a == b);  // structurally equal
}

TEST(Value, CloneMakesNewNodes) {
  value a = value::make_object({{"x", value::make_array({1})}});
  value c = a.clone();
  EXPECT_FALSE(a.same_instance(c));
  EXPECT_FALSE(a["x"].same_instance(c["x"]));
  EXPECT_TRUE(a == c);
  c.as_object().find("x")->as_array().push_back(2);
  EXPECT_EQ(a["x"].as_array().size(), 1u);
}

TEST(Value, ScalarsAreNeverSameInstance) {
  EXPECT_FALSE(value(1).same_instance(value(1)));
  value s("a");
  EXPECT_FALSE(s.same_instance(s));
}

TEST(Value, MoveLeavesNull) {
  value a("text");
  value b = std::move(a);
  EXPECT_TRUE(a.is_null());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(b.as_string(), "text");
}

TEST(Value, SelfAssignmentIsSafe) {
  value a = value::make_array({1, 2, 3});
  const value& alias = a;
  a = alias;
  EXPECT_EQ(a.as_array().size(), 3u);
}

TEST(Value, IndexingMissingThingsGivesNull) {
  value o = value::make_object({{"a", 1}});
  EXPECT_TRUE(o["missing"].is_null());
  EXPECT_TRUE(o[0].is_null());
  EXPECT_TRUE(value(5)["a"].is_null());
  value a = value::make_array({1});
  EXPECT_TRUE(a[1].is_null());
  EXPECT_TRUE(a[-1].is_null());
  EXPECT_EQ(a[0].as_number(), 1.0);
}

TEST(Value, StructuralEqualityTreatsNaNAsEqual) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(value(nan) == value(nan));
  EXPECT_FALSE(value(1) == value("1"));
  EXPECT_FALSE(value::make_object({{"a", 1}}) == value::make_object({{"A", 1}}));
}

TEST(Object, LookupIgnoresCase) {
  object o;
  EXPECT_TRUE(o.insert("Foo", 1));
  ASSERT_NE(o.find("foo"), nullptr);
  ASSERT_NE(o.find("FOO"), nullptr);
  EXPECT_EQ(o.find("fOo")->as_number(), 1.0);
}

TEST(Object, FirstInsertedKeyWinsOverCaseVariants) {
  object o;
  EXPECT_TRUE(o.insert("a", 1));
  EXPECT_FALSE(o.insert("A", 2));
  EXPECT_FALSE(o.insert("a", 3));
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o.find("a")->as_number(), 1.0);
  EXPECT_EQ(o[0].first, "a");
}

TEST(Object, InsertOrAssignKeepsStoredSpelling) {
  object o;
  o.insert("Key", 1);
  o.insert_or_assign("KEY", 2);
  EXPECT_EQ(o.size(), 1u);
  EXPECT_EQ(o[0].first, "Key");
  EXPECT_EQ(o[0].second.as_number(), 2.0);
  o.insert_or_assign("other", 3);
  EXPECT_EQ(o.size(), 2u);
}

TEST(Object, KeepsInsertionOrder) {
  value v = value::make_object({{"b", 1}, {"a", 2}, {"c", 3}});
  std::string keys;
  for (const auto& [k, _] : v.as_object()) keys += k;
  EXPECT_EQ(keys, "bac");
}

TEST(Object, LargeObjectsUseTheIndexAndStayCorrect) {
  object o;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(o.insert("key_" + std::to_string(i), i));
  for (int i = 0; i < 1000; ++i) {
    const value* v = o.find("KEY_" + std::to_string(i));
    ASSERT_NE(v, nullptr) << i;
    EXPECT_EQ(v->as_number(), i);
  }
  EXPECT_FALSE(o.insert("Key_500", -1));
  EXPECT_EQ(o.find("key_1000"), nullptr);
  EXPECT_EQ(o.size(), 1000u);
  EXPECT_EQ(o[999].first, "key_999");
}

TEST(Object, NonAsciiKeysCompareWithSimpleUpperCase) {
  object o;
  o.insert("straße", 1);
  o.insert("ÉCOLE", 2);
  EXPECT_NE(o.find("STRAßE"), nullptr);
  EXPECT_EQ(o.find("STRASSE"), nullptr);  // no full case mapping: ß is not SS
  EXPECT_NE(o.find("école"), nullptr);
}

TEST(Value, AccessorsOfTheWrongKindAreSafe) {
  value n(1);
  EXPECT_EQ(n.as_string(), "");
  EXPECT_TRUE(n.as_array().empty());
  EXPECT_TRUE(std::as_const(n).as_object().empty());
  EXPECT_FALSE(value("x").as_bool());
  EXPECT_TRUE(std::isnan(value("x").as_number()));
  EXPECT_EQ(value(1).if_array(), nullptr);
  EXPECT_EQ(value(1).if_object(), nullptr);
}

TEST(Value, MutableAccessOfTheWrongKindConverts) {
  value v(1);
  v.as_array().push_back(2);
  EXPECT_TRUE(v.is_array());
  EXPECT_EQ(v[0].as_number(), 2.0);
  value o;
  o.as_object().insert("k", 1);
  EXPECT_EQ(o["K"].as_number(), 1.0);
}

TEST(Value, ShallowCloneSharesElementsButNotTheNode) {
  value a = value::make_object({{"x", value::make_array({1})}, {"y", 2}});
  value c = a.shallow_clone();
  EXPECT_FALSE(a.same_instance(c));
  EXPECT_TRUE(a["x"].same_instance(c["x"]));
  EXPECT_TRUE(a == c);
  c.as_object().insert_or_assign("y", 3);
  c.as_object().insert_or_assign("z", 4);
  EXPECT_EQ(a["y"].as_number(), 2);
  EXPECT_EQ(a.as_object().size(), 2u);
  value arr = value::make_array({value::make_object()});
  value arr2 = arr.shallow_clone();
  arr2.as_array().push_back(1);
  EXPECT_EQ(arr.as_array().size(), 1u);
  EXPECT_TRUE(arr[0].same_instance(arr2[0]));
  EXPECT_EQ(value(5).shallow_clone().as_number(), 5);
}
