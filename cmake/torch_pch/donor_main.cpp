// The file whose compilation precompiles LibTorch's and GoogleTest's headers for the test
// executables (cmake/torch_pch.cmake).
int main() {
  return 0;
}
