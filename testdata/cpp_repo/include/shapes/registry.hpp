/**
 * @file
 * Templates over shapes: a registry of named values and a search for the largest.
 */
#pragma once

#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "shapes/shape.hpp"

namespace shapes {

/// Owning pointer to any shape.
using ShapePtr = std::unique_ptr<Shape>;

/// Things of type `T` by name; adding a name twice is an error.
template <typename T>
class Registry {
 public:
  /// Adds `value` under `name`.
  void add(const std::string& name, T value);

  /// The value under `name`; throws std::out_of_range if there is none.
  const T& get(const std::string& name) const { return items_.at(name); }

  bool contains(const std::string& name) const { return items_.count(name) > 0; }
  auto size() const -> std::size_t { return items_.size(); }

 private:
  std::map<std::string, T> items_;
};

template <typename T>
void Registry<T>::add(const std::string& name, T value) {
  if (contains(name)) {
    throw std::invalid_argument("duplicate name: " + name);
  }
  items_.emplace(name, std::move(value));
}

/// The shape of largest area among `shapes` (a container of ShapePtr), or nullptr.
template <typename Container>
const Shape* largest(const Container& shapes) {
  const Shape* best = nullptr;
  for (const auto& shape : shapes) {
    if (best == nullptr || *best < *shape) {
      best = shape.get();
    }
  }
  return best;
}

}  // namespace shapes
