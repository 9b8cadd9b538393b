// Built into consumer_compiled beside consumer.cpp: the compiled library's target must give its
// users PIPEWRIGHT_SEPARATE_COMPILATION, or the program would silently be header-only.
#if !defined(PIPEWRIGHT_SEPARATE_COMPILATION)
#error "linking the compiled library did not define PIPEWRIGHT_SEPARATE_COMPILATION"
#endif
