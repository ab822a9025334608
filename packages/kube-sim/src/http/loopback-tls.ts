// The TLS identity of the face on loopback. kubectl (client-go's clientcmd) sends a kubeconfig's
// bearer token only over https, so the face must speak TLS for its token to mean anything. This
// is a fixed, published self-signed certificate for 127.0.0.1, ::1 and localhost (valid
// 2020-2119), and its key: it authenticates nothing and keeps nothing secret, it only lets
// clients connect over TLS to a simulator on the same machine. The kubeconfig trusts it by
// embedding it as the certificate authority. A fixed identity (rather than one generated at
// start) keeps the face free of unseeded randomness and the kubeconfig stable across runs.

export const loopbackTls = {
  key: `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgzfxUg3Lx/2BXeTbX
nzYZjs4ubgrpmNZYDBIiVHpsZeShRANCAATXVyeTMDkD3pk6ghZfmMUVcq9bj+qf
DqboZuzm3uMbTrC6tMARftgWqdBqmnZdfdj23mbKdF8B6r2LAKC2ZVAG
-----END PRIVATE KEY-----
`,
  cert: `-----BEGIN CERTIFICATE-----
MIIBlDCCATmgAwIBAgIBATAKBggqhkjOPQQDAjAeMRwwGgYDVQQDDBN0ZXJ3YXkt
c2ltIGxvb3BiYWNrMCAXDTIwMDEwMTAwMDAwMFoYDzIxMTkxMjMxMDAwMDAwWjAe
MRwwGgYDVQQDDBN0ZXJ3YXktc2ltIGxvb3BiYWNrMFkwEwYHKoZIzj0CAQYIKoZI
zj0DAQcDQgAE11cnkzA5A96ZOoIWX5jFFXKvW4/qnw6m6Gbs5t7jG06wurTAEX7Y
FqnQapp2XX3Y9t5mynRfAeq9iwCgtmVQBqNmMGQwLAYDVR0RBCUwI4cEfwAAAYcQ
AAAAAAAAAAAAAAAAAAAAAYIJbG9jYWxob3N0MA8GA1UdEwEB/wQFMAMBAf8wDgYD
VR0PAQH/BAQDAgKEMBMGA1UdJQQMMAoGCCsGAQUFBwMBMAoGCCqGSM49BAMCA0kA
MEYCIQDrb958Lm1XLqwW+AgghrDT37gMSDM8U/EjPDZFFaubewIhANea6qIBwRve
IMBUVra3aYjlnuWNUOahBnXUWn1GrG3T
-----END CERTIFICATE-----
`,
} as const;
