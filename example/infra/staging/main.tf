resource "aws_db_instance" "payments" {
  identifier     = "payments-staging"
  engine         = "postgres"
  instance_class = "db.t4g.small"
}
