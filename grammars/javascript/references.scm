; inherits: ecma
; A base class is a type use: `class A extends Base`, `extends ns.Base`.
(class_heritage [(identifier) (member_expression)] @reference.type)

; JSX: an element with a capitalised name is a component, a function called with its
; props (`<Button …>`, `<Menu.Item>`); lower-case names are HTML tags. A closing tag
; names the same call again (counted once), not a member access.
([(jsx_opening_element name: (identifier) @reference.call)
  (jsx_self_closing_element name: (identifier) @reference.call)
  (jsx_closing_element name: (identifier) @reference.call)]
  (#match? @reference.call "^[A-Z]"))
[(jsx_opening_element name: (member_expression) @reference.call)
 (jsx_self_closing_element name: (member_expression) @reference.call)
 (jsx_closing_element name: (member_expression) @reference.call)]
