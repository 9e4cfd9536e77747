/**
 * Local stand-ins for the three remote sources, for this package's tests and the CLI's e2e tests.
 * Everything listens on 127.0.0.1 with a random port and is stopped with `close()`.
 *
 *   startGitServer({ root, token? })        → { url, requests, close }   (git http-backend bridge)
 *   createBareRepo(root, name, files, …)    → { path, commit, branches }
 *   startS3({ buckets })                    → { endpoint, close }        (s3rver; keys S3RVER/S3RVER)
 *   startMiniS3({ buckets, intercept? })    → { endpoint, requests, close }
 *   startHubServer({ repos, token?, … })    → { endpoint, lfsEndpoint, requests, close }
 *   plantedFiles()                          → notebook leaking a fake AWS key + posix.system pickle
 */
export * from "./fixtures.js";
export * from "./git-http.js";
export * from "./hub.js";
export * from "./s3.js";
