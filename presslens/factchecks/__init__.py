"""Earlier fact-checks: records of fact-check archives (ClaimReview, CheckThat! verified claims), read, stored beside evidence documents and matched against an article's claims."""
