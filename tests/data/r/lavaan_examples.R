# Reference for tests/test_sem.py: lavaan's own examples (the data semopy also ships).
# Run from the repository root: Rscript tests/data/r/lavaan_examples.R
library(lavaan)
models <- list(
  holzinger = list(data = HolzingerSwineford1939[, paste0("x", 1:9)], text = "
    visual  =~ x1 + x2 + x3
    textual =~ x4 + x5 + x6
    speed   =~ x7 + x8 + x9"),
  democracy = list(data = PoliticalDemocracy, text = "
    ind60 =~ x1 + x2 + x3
    dem60 =~ y1 + y2 + y3 + y4
    dem65 =~ y5 + y6 + y7 + y8
    dem60 ~ ind60
    dem65 ~ ind60 + dem60
    y1 ~~ y5
    y2 ~~ y4 + y6
    y3 ~~ y7
    y4 ~~ y8
    y6 ~~ y8"))
for (name in names(models)) {
  m <- models[[name]]
  write.csv(m$data, sprintf("tests/data/lavaan_%s.csv", name), row.names = FALSE)
  writeLines(m$text, sprintf("tests/data/lavaan_%s.model", name))
  fit <- sem(m$text, data = m$data)  # ML, lavaan defaults
  pe <- parameterEstimates(fit, standardized = TRUE)
  write.csv(pe[, c("lhs", "op", "rhs", "est", "se", "std.all")],
            sprintf("tests/data/lavaan_%s_estimates.csv", name), row.names = FALSE)
  fm <- fitMeasures(fit, c("chisq", "df", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr"))
  write.csv(data.frame(measure = names(fm), value = as.numeric(fm)),
            sprintf("tests/data/lavaan_%s_fit.csv", name), row.names = FALSE)
}
