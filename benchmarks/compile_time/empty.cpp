// Empty translation unit for measure.sh (the compiler's own start-up cost).
int main() {
  return 0;
}
