variable "table_name" {
  description = "Name of the metadata table."
  type        = string
}
