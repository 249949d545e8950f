#include "shapes/shape.hpp"

#include <cmath>
#include <ostream>
#include <sstream>

namespace shapes {

namespace {

// Pi, to the precision of a double.
constexpr double kPi = 3.14159265358979323846;

}  // namespace

std::string Shape::describe() const {
  std::ostringstream text;
  text << (kind() == Kind::Circle ? "circle" : "rectangle") << " area=" << area();
  return text.str();
}

Circle::Circle(Length radius) : radius_(radius) {}

Length Circle::area() const { return kPi * radius_ * radius_; }

Length Circle::perimeter() const { return 2 * kPi * radius_; }

std::string Circle::describe() const {
  return "circle r=" + std::to_string(radius_);
}

Rectangle::Rectangle(Length width, Length height) : width_(width), height_(height) {}

Rectangle Rectangle::square(Length side) { return Rectangle(side, side); }

Length Rectangle::area() const { return width_ * height_; }

Length Rectangle::perimeter() const { return 2 * (width_ + height_); }

std::ostream& operator<<(std::ostream& out, const Shape& shape) {
  return out << shape.describe();
}

}  // namespace shapes
