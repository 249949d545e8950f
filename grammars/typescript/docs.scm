; inherits: ecma
; A method's decorators stand before it in the class body, between its JSDoc and the
; method (a class's decorators are its children, or the export statement's).
(class_body (decorator) @attribute)
