# Reference for tests/test_sem.py: lavaan's modification indices for the models of
# tests/data/r/lavaan_examples.R (same data, same model text, same sem() call).
# The R call: fit <- sem(model, data = data); modindices(fit)
# lavaan 0.6-14 defaults: ML, expected information, N (not N - 1), rows unsorted, rows with
# mi = NA (equivalent to a parameter in the model) removed.
# Run from the repository root: Rscript tests/data/r/lavaan_modindices.R
library(lavaan)
datasets <- list(holzinger = HolzingerSwineford1939[, paste0("x", 1:9)], democracy = PoliticalDemocracy)
for (name in names(datasets)) {
  text <- paste(readLines(sprintf("tests/data/lavaan_%s.model", name)), collapse = "\n")
  fit <- sem(text, data = datasets[[name]])  # ML, lavaan defaults
  mi <- modindices(fit)
  write.csv(mi[, c("lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all", "sepc.nox")],
            sprintf("tests/data/lavaan_%s_modindices.csv", name), row.names = FALSE)
}
