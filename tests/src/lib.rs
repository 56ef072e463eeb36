//! Black-box HTTP tests of the Co-sell server: see tests/.
