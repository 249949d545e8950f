; inherits: c
; `#include` as in C. (`using namespace std;` and `using std::string;` bind names too;
; they are no import here: the includes say which files a file reads.)
