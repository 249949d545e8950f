// shapes: reads shapes from the command line and reports their areas.
// usage: shapes circle R | rect W H | square S ...

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "shapes/canvas.hpp"
#include "shapes/registry.hpp"

using shapes::ShapePtr;

namespace {

// Reads one shape starting at argv[i]; advances `i` past it.
ShapePtr parse_shape(char** argv, int argc, int& i) {
  const std::string word = argv[i++];
  auto number = [&]() { return i < argc ? std::atof(argv[i++]) : 0.0; };
  if (word == "circle") {
    return std::make_unique<shapes::Circle>(number());
  }
  if (word == "rect") {
    const double width = number();
    return std::make_unique<shapes::Rectangle>(width, number());
  }
  if (word == "square") {
    return ShapePtr(new shapes::Rectangle(shapes::Rectangle::square(number())));
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<ShapePtr> parsed;
  for (int i = 1; i < argc;) {
    ShapePtr shape = parse_shape(argv, argc, i);
    if (!shape) {
      std::cerr << "unknown shape: " << argv[i - 1] << '\n';
      return EXIT_FAILURE;
    }
    std::cout << *shape << '\n';
    parsed.push_back(std::move(shape));
  }
  if (const shapes::Shape* top = shapes::largest(parsed)) {
    std::cout << "largest: " << top->describe() << '\n';
  }
  shapes::Canvas canvas;
  for (auto& shape : parsed) {
    canvas += std::move(shape);
  }
  std::cout << "total area: " << canvas.total_area() << '\n';
  return EXIT_SUCCESS;
}
