#include "shapes/canvas.hpp"

#include <numeric>

namespace shapes {

void Canvas::Layer::add(std::unique_ptr<Shape> shape) {
  shapes_.push_back(std::move(shape));
}

Length Canvas::Layer::area() const {
  Length sum = 0;
  for (const auto& shape : shapes_) {
    sum += shape->area();
  }
  return sum;
}

Canvas::Canvas() { layer("base"); }

Canvas::~Canvas() = default;

Canvas::Layer& Canvas::layer(const std::string& name) {
  for (auto& existing : layers_) {
    if (existing->name() == name) {
      return *existing;
    }
  }
  layers_.push_back(std::make_unique<Layer>(name));
  return *layers_.back();
}

Canvas& Canvas::operator+=(std::unique_ptr<Shape> shape) {
  layers_.back()->add(std::move(shape));
  return *this;
}

Length Canvas::total_area() const {
  return std::accumulate(layers_.begin(), layers_.end(), Length{0},
                         [](Length sum, const auto& layer) { return sum + layer->area(); });
}

}  // namespace shapes
