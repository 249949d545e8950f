#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "shapes/canvas.hpp"
#include "shapes/registry.hpp"

namespace shapes {
namespace {

TEST(CircleTest, MeasuresAreaAndPerimeter) {
  Circle circle(1.0);
  EXPECT_NEAR(circle.area(), 3.14159, 1e-5);
  EXPECT_NEAR(circle.perimeter(), 6.28318, 1e-5);
  EXPECT_EQ(circle.kind(), Kind::Circle);
}

TEST(RectangleTest, SquareHasEqualSides) {
  const Rectangle square = Rectangle::square(3);
  EXPECT_DOUBLE_EQ(square.area(), 9);
  EXPECT_DOUBLE_EQ(square.perimeter(), 12);
}

// A canvas with a circle on its base layer.
class CanvasTest : public ::testing::Test {
 protected:
  void SetUp() override { canvas_ += std::make_unique<Circle>(2.0); }

  Canvas canvas_;
};

TEST_F(CanvasTest, SumsAreasOfAllLayers) {
  canvas_.layer("top").add(std::make_unique<Rectangle>(2, 3));
  EXPECT_NEAR(canvas_.total_area(), 4 * 3.14159265 + 6, 1e-6);
  EXPECT_EQ(canvas_[0].size(), 1u);
}

TEST(RegistryTest, RejectsDuplicateNames) {
  Registry<int> sizes;
  sizes.add("small", 1);
  EXPECT_TRUE(sizes.contains("small"));
  EXPECT_THROW(sizes.add("small", 2), std::invalid_argument);
}

TEST(LargestTest, PicksTheShapeOfLargestArea) {
  std::vector<ShapePtr> list;
  list.push_back(std::make_unique<Circle>(1.0));
  list.push_back(std::make_unique<Rectangle>(2, 3));
  EXPECT_EQ(largest(list)->kind(), Kind::Rectangle);
  EXPECT_EQ(largest(std::vector<ShapePtr>{}), nullptr);
}

}  // namespace
}  // namespace shapes
