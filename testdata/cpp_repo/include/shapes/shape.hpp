// Copyright 2024 The shapes authors. MIT licence.

#pragma once

#include <iosfwd>
#include <string>

/// The library's version, as a string.
#define SHAPES_VERSION "1.0.0"

namespace shapes {

/// A point in the plane.
struct Point {
  double x;
  double y;
};

/// What a shape is, for reports and sorting.
enum class Kind { Circle, Rectangle };

/// The unit every length is measured in.
using Length = double;

/// A closed 2-D shape. Kinds derive from it and say how to measure themselves.
class Shape {
 public:
  virtual ~Shape() = default;

  /// The area enclosed.
  virtual Length area() const = 0;

  /// The length of the outline.
  virtual Length perimeter() const = 0;

  /// Which kind of shape this is.
  virtual Kind kind() const = 0;

  /// A one-line description, such as "circle r=2".
  virtual std::string describe() const;

  // Shapes compare by area.
  bool operator<(const Shape& other) const { return area() < other.area(); }
};

/// A circle of a given radius.
class Circle : public Shape {
 public:
  explicit Circle(Length radius);

  Length area() const override;
  Length perimeter() const override;
  Kind kind() const override { return Kind::Circle; }
  std::string describe() const override;

  Length radius() const { return radius_; }

 private:
  Length radius_;
};

/// An axis-aligned rectangle.
class Rectangle : public Shape {
 public:
  Rectangle(Length width, Length height);

  /// A square of side `side`.
  static Rectangle square(Length side);

  Length area() const override;
  Length perimeter() const override;
  Kind kind() const override { return Kind::Rectangle; }

 private:
  Length width_;
  Length height_;
};

/// Writes the shape's description.
std::ostream& operator<<(std::ostream& out, const Shape& shape);

}  // namespace shapes
