# Reference for tests/test_reliability.py: psych::alpha and one-factor omega on the ECSI mobi blocks.
# Run from the repository root: Rscript tests/data/r/psych_reliability.R
library(psych)
mobi <- read.csv("datasets/ecsi_mobi.csv", row.names = 1)
blocks <- list(IMAG = paste0("IMAG", 1:5), CUEX = paste0("CUEX", 1:3), PERQ = paste0("PERQ", 1:7),
               CUSA = paste0("CUSA", 1:3), CUSL = paste0("CUSL", 1:3))
rows <- list()
for (b in names(blocks)) {
  x <- mobi[, blocks[[b]]]
  a <- psych::alpha(x, warnings = FALSE)
  f <- fa(x, nfactors = 1, fm = "ml")
  l <- as.numeric(f$loadings)
  omega <- sum(l)^2 / (sum(l)^2 + sum(f$uniquenesses))
  rows[[b]] <- data.frame(construct = b, alpha = a$total$raw_alpha, omega = omega)
}
write.csv(do.call(rbind, rows), "tests/data/psych_reliability.csv", row.names = FALSE)
