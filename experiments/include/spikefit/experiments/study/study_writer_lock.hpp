#pragma once

#include <string>

namespace spikefit::experiments {

// The one process that may add to a study file: an advisory lock (flock) on "<study>.writer",
// taken by a fit before it writes and held until the object is destroyed, when the lock file is
// removed. Readers (`report`, the Python Study) take no lock; SQLite keeps their reads
// consistent while the writer runs.
class StudyWriterLock {
 public:
  // Throws std::runtime_error naming the study and the process that holds it when another
  // process writes it, or when the lock file cannot be made (e.g. a read-only folder).
  explicit StudyWriterLock(const std::string& study_path);
  StudyWriterLock(const StudyWriterLock&) = delete;
  StudyWriterLock& operator=(const StudyWriterLock&) = delete;
  ~StudyWriterLock();

  static std::string lock_path(const std::string& study_path) { return study_path + ".writer"; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace spikefit::experiments
