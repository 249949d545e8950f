#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "shapes/shape.hpp"

namespace shapes {

/// Owns shapes, drawn in named layers from the bottom up.
class Canvas {
 public:
  /// One layer of a canvas: a name and the shapes on it.
  class Layer {
   public:
    explicit Layer(std::string name) : name_(std::move(name)) {}

    /// Puts a shape on this layer.
    void add(std::unique_ptr<Shape> shape);

    const std::string& name() const { return name_; }
    std::size_t size() const { return shapes_.size(); }
    Length area() const;

   private:
    std::string name_;
    std::vector<std::unique_ptr<Shape>> shapes_;
  };

  Canvas();
  ~Canvas();

  /// Where the canvas's origin lies.
  Point origin{0, 0};

  /// The layer called `name`, added on top if there is none.
  Layer& layer(const std::string& name);

  /// The layer at `index`, from the bottom.
  Layer& operator[](std::size_t index) { return *layers_[index]; }

  /// Puts a shape on the top layer.
  Canvas& operator+=(std::unique_ptr<Shape> shape);

  /// The area of every shape on every layer, overlaps counted twice.
  Length total_area() const;

 private:
  std::vector<std::unique_ptr<Layer>> layers_;
};

}  // namespace shapes
