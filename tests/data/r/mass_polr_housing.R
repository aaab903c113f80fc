# Reference for tests/test_ordinal.py: MASS::polr on the housing data (Venables & Ripley).
# Run from the repository root: Rscript tests/data/r/mass_polr_housing.R
library(MASS)
write.csv(housing, "tests/data/housing.csv", row.names = FALSE)
fit <- polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing, Hess = TRUE)
est <- c(coef(fit), fit$zeta)
se <- sqrt(diag(vcov(fit)))
out <- data.frame(term = names(est), estimate = unname(est), se = unname(se[names(est)]))
write.csv(out, "tests/data/polr_housing.csv", row.names = FALSE)
probit <- polr(Sat ~ Infl + Type + Cont, weights = Freq, data = housing, method = "probit")
out <- data.frame(term = c(names(coef(probit)), names(probit$zeta)), estimate = c(coef(probit), probit$zeta))
write.csv(out, "tests/data/polr_housing_probit.csv", row.names = FALSE)
