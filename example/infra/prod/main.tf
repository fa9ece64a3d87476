resource "aws_db_instance" "payments" {
  identifier        = "payments-prod"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 200
  password          = var.db_password
}
