/**
 * Fake credentials, assembled at run time so no live-looking secret is ever committed in plain text.
 * Each matches its provider's published format but was never issued.
 */
export const FAKE = {
  awsKeyId: ["AKIA", "QZ3X7M2K", "9TBRW4PL"].join(""),
  awsSecret: ["Fq8s", "Xk2LpQ7vR8sT3nB5mC1d", "K6gH0jV4lZ9xW2yE7uI5"].join(""),
  githubToken: ["ghp", "_", "R8nT2kLq9XzV4mB7cW1sD5fG3hJ6pY0aQ2eU"].join(""),
};
