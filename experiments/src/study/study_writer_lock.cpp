#include "spikefit/experiments/study/study_writer_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace spikefit::experiments {
namespace {

std::string holder_of(int fd) {
  char buffer[32] = {};
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  return n > 0 ? std::string(buffer, static_cast<std::size_t>(n)) : std::string("unknown");
}

// True when `fd` is still the file at `path` (a writer that finished may have removed it
// between our open and our lock; then we must lock the new one).
bool still_linked(int fd, const std::string& path) {
  struct stat by_fd, by_path;
  return fstat(fd, &by_fd) == 0 && stat(path.c_str(), &by_path) == 0 &&
         by_fd.st_ino == by_path.st_ino && by_fd.st_dev == by_path.st_dev;
}

}  // namespace

StudyWriterLock::StudyWriterLock(const std::string& study_path) : path_(lock_path(study_path)) {
  while (true) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
      throw std::runtime_error("study " + study_path + ": cannot make its writer lock " + path_ +
                               " (" + std::strerror(errno) + ")");
    }
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const std::string holder = holder_of(fd_);
      ::close(fd_);
      fd_ = -1;
      throw std::runtime_error("study " + study_path +
                               " is being written by another spikefit process (pid " + holder +
                               "); wait for it to finish, or stop it, before resuming");
    }
    if (still_linked(fd_, path_)) break;
    ::close(fd_);
  }
  const std::string pid = std::to_string(getpid());
  const bool wrote = ftruncate(fd_, 0) == 0 &&
                     pwrite(fd_, pid.data(), pid.size(), 0) == static_cast<ssize_t>(pid.size());
  (void)wrote;  // the pid only serves the message of a refused writer
}

StudyWriterLock::~StudyWriterLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());
  ::close(fd_);
}

}  // namespace spikefit::experiments
