/**
 * Package names: PEP 503 normalisation and the conda → PyPI name table.
 */

/** PEP 503: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/**
 * Conda package names whose PyPI distribution has another name. Each entry says why. Conda names not
 * listed here are assumed to be the PyPI name (true for the large majority of conda-forge Python packages).
 */
export const CONDA_TO_PYPI: Readonly<Record<string, { pypi: string; why: string }>> = {
  pytorch: { pypi: "torch", why: "conda's pytorch package ships the torch distribution" },
  "pytorch-gpu": { pypi: "torch", why: "conda-forge GPU build of torch" },
  "pytorch-cpu": { pypi: "torch", why: "conda-forge CPU build of torch" },
  "tensorflow-gpu": { pypi: "tensorflow", why: "conda metapackage selecting the GPU build of tensorflow" },
  "tensorflow-cpu": { pypi: "tensorflow", why: "conda metapackage selecting the CPU build of tensorflow" },
  "tensorflow-base": { pypi: "tensorflow", why: "conda split package holding the tensorflow Python code" },
  "py-xgboost": { pypi: "xgboost", why: "conda's Python binding of xgboost" },
  "py-xgboost-gpu": { pypi: "xgboost", why: "conda's GPU Python binding of xgboost" },
  "py-xgboost-cpu": { pypi: "xgboost", why: "conda's CPU Python binding of xgboost" },
  "py-opencv": { pypi: "opencv-python", why: "conda's Python binding of OpenCV" },
  opencv: { pypi: "opencv-python", why: "conda's OpenCV package carries the cv2 module" },
  "py-lightgbm": { pypi: "lightgbm", why: "conda's Python binding of LightGBM" },
  "py-catboost": { pypi: "catboost", why: "conda's Python binding of CatBoost" },
  "pillow-simd": { pypi: "pillow-simd", why: "same name on PyPI" },
  "pyyaml": { pypi: "pyyaml", why: "same name on PyPI" },
  "ruamel_yaml": { pypi: "ruamel-yaml", why: "conda spells it with an underscore" },
  "msgpack-python": { pypi: "msgpack", why: "conda's msgpack package is the msgpack distribution" },
  "protobuf": { pypi: "protobuf", why: "same name on PyPI" },
  "libprotobuf": { pypi: "", why: "C++ library, no PyPI distribution" },
  "pyqt": { pypi: "pyqt5", why: "conda's pyqt package is PyQt5" },
  "matplotlib-base": { pypi: "matplotlib", why: "conda split package holding matplotlib's Python code" },
  "jupyterlab": { pypi: "jupyterlab", why: "same name on PyPI" },
  "cudatoolkit": { pypi: "", why: "CUDA runtime, no PyPI distribution" },
  "cudnn": { pypi: "", why: "cuDNN runtime, no PyPI distribution" },
  "pytorch-cuda": { pypi: "", why: "conda metapackage selecting CUDA for torch" },
  "cpuonly": { pypi: "", why: "conda metapackage selecting the CPU build of torch" },
  "python": { pypi: "", why: "the interpreter itself" },
  "pip": { pypi: "", why: "the installer conda adds so that the pip: section can run" },
};

/** PyPI name of a conda package spec name, or undefined when it has no PyPI counterpart. */
export function condaToPypi(condaName: string): string | undefined {
  const key = condaName.toLowerCase();
  const entry = CONDA_TO_PYPI[key];
  if (entry === undefined) return normalizeName(key);
  return entry.pypi === "" ? undefined : normalizeName(entry.pypi);
}
