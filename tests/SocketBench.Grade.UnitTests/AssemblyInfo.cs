[assembly: Category("unit")]
