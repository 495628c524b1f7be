// The file whose compilation precompiles LibTorch's header for the libraries
// (cmake/torch_pch.cmake).
