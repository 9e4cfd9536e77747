export { RemoteError, scrubUrl } from "./errors.js";
export { safeJoin, type FetchedTree } from "./fetched.js";
export { fetchLfsObjects, lfsEndpoint, type LfsFetchOptions, type LfsFetchResult } from "./git-lfs.js";
export { cloneGitUrl, type GitUrlOptions } from "./git-url.js";
export { fetchHuggingFace, parseHfRepo, type HfOptions } from "./huggingface.js";
export { fetchS3, parseS3Uri, relativeKey, type S3Options } from "./s3.js";
